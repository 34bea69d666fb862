package dev.zhiyu.knowledge;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Writes and reads values by their declared type: records component by component, lists, maps, strings (each distinct
 * string once, then by number), boxed numbers, dates and enums. The reader and writer of each type are built once from
 * the type (reflection only then), so a fact record gaining a field needs no codec change; {@link #shape} names every
 * record's components so a snapshot written before such a change is refused rather than misread.
 */
final class SnapshotCodec {
    private final Map<Type, Node> nodes = new HashMap<>();
    /**
     * Values read once and shared, as the live index shares them: a source names its file and date on millions of
     * facts, and one object each per fact was ≈ 200 MB of heap at 1 M companies.
     */
    private final Map<Object, Object> shared = new HashMap<>();
    private static final java.util.Set<Class<?>> SHARED = java.util.Set.of(Provenance.class, LocalDate.class);

    /** How one declared type is written and read. */
    interface Node {
        void write(Out out, Object v) throws IOException;

        Object read(In in);
    }

    /** The components of the given records (and of records they contain), as text. */
    static String shape(List<Class<?>> roots) {
        Map<String, String> out = new TreeMap<>();
        roots.forEach(r -> describe(r, out));
        return out.toString();
    }

    private static void describe(Type t, Map<String, String> out) {
        if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                describe(a, out);
            }
        } else if (t instanceof Class<?> c && c.isRecord() && !out.containsKey(c.getName())) {
            StringBuilder b = new StringBuilder();
            out.put(c.getName(), "");
            for (RecordComponent rc : c.getRecordComponents()) {
                b.append(rc.getGenericType().getTypeName()).append(' ').append(rc.getName()).append(';');
                describe(rc.getGenericType(), out);
            }
            out.put(c.getName(), b.toString());
        } else if (t instanceof Class<?> c && c.isEnum()) {
            out.put(c.getName(), List.of(c.getEnumConstants()).toString());
        }
    }

    Node node(Type t) {
        Node n = nodes.get(t);
        if (n == null) {
            n = build(t);
            nodes.put(t, n);
        }
        return n;
    }

    private Node build(Type t) {
        Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        if (raw == String.class) {
            return new Node() {
                public void write(Out out, Object v) throws IOException {
                    out.string((String) v);
                }

                public Object read(In in) {
                    return in.string();
                }
            };
        }
        if (raw == int.class || raw == Integer.class) {
            return nullable(raw.isPrimitive(), (o, v) -> o.data.writeInt((Integer) v), in -> in.buf.getInt());
        }
        if (raw == double.class || raw == Double.class) {
            return nullable(raw.isPrimitive(), (o, v) -> o.data.writeDouble((Double) v), in -> in.buf.getDouble());
        }
        if (raw == long.class || raw == Long.class) {
            return nullable(raw.isPrimitive(), (o, v) -> o.data.writeLong((Long) v), in -> in.buf.getLong());
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return nullable(raw.isPrimitive(), (o, v) -> o.data.writeBoolean((Boolean) v), in -> in.buf.get() != 0);
        }
        if (raw == LocalDate.class) {
            return nullable(false, (o, v) -> o.data.writeLong(((LocalDate) v).toEpochDay()),
                    in -> share(LocalDate.ofEpochDay(in.buf.getLong())));
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return nullable(false, (o, v) -> o.data.writeInt(((Enum<?>) v).ordinal()), in -> constants[in.buf.getInt()]);
        }
        if (List.class.isAssignableFrom(raw)) {
            return list(t);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return map(t);
        }
        if (raw.isRecord()) {
            return record(raw);
        }
        throw new IllegalArgumentException("快照不支持的类型：" + t);
    }

    private interface Writer {
        void write(Out out, Object v) throws IOException;
    }

    private interface Reader {
        Object read(In in);
    }

    /** A presence byte first, unless the type is primitive. */
    private static Node nullable(boolean primitive, Writer w, Reader r) {
        return new Node() {
            public void write(Out out, Object v) throws IOException {
                if (!primitive) {
                    out.data.writeBoolean(v != null);
                    if (v == null) {
                        return;
                    }
                }
                w.write(out, v);
            }

            public Object read(In in) {
                return primitive || in.buf.get() != 0 ? r.read(in) : null;
            }
        };
    }

    private Node list(Type t) {
        Type element = arg(t, 0);
        Node[] e = new Node[1];
        Node n = nullable(false, (out, v) -> {
            List<?> l = (List<?>) v;
            out.data.writeInt(l.size());
            for (Object o : l) {
                e[0].write(out, o);
            }
        }, in -> {
            int size = in.buf.getInt();
            List<Object> l = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                l.add(e[0].read(in));
            }
            return l;
        });
        nodes.put(t, n);
        e[0] = node(element);
        return n;
    }

    private Node map(Type t) {
        Node[] kv = new Node[2];
        Node n = nullable(false, (out, v) -> {
            Map<?, ?> m = (Map<?, ?>) v;
            out.data.writeInt(m.size());
            for (Map.Entry<?, ?> x : m.entrySet()) {
                kv[0].write(out, x.getKey());
                kv[1].write(out, x.getValue());
            }
        }, in -> {
            int size = in.buf.getInt();
            Map<Object, Object> m = HashMap.newHashMap(size);
            for (int i = 0; i < size; i++) {
                Object k = kv[0].read(in);
                m.put(k, kv[1].read(in));
            }
            return m;
        });
        nodes.put(t, n);
        kv[0] = node(arg(t, 0));
        kv[1] = node(arg(t, 1));
        return n;
    }

    private Node record(Class<?> c) {
        RecordComponent[] rcs = c.getRecordComponents();
        MethodHandle[] acc = new MethodHandle[rcs.length];
        Node[] parts = new Node[rcs.length];
        Class<?>[] raw = new Class<?>[rcs.length];
        MethodHandle ctor;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < rcs.length; i++) {
                acc[i] = lookup.unreflect(rcs[i].getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
                raw[i] = rcs[i].getType();
            }
            ctor = lookup.findConstructor(c, MethodType.methodType(void.class, raw))
                    .asSpreader(Object[].class, rcs.length).asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        Node n = nullable(false, (out, v) -> {
            for (int i = 0; i < parts.length; i++) {
                parts[i].write(out, invoke(acc[i], v));
            }
        }, in -> {
            Object[] args = new Object[parts.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = parts[i].read(in);
            }
            try {
                Object r = ctor.invokeExact(args);
                return SHARED.contains(c) ? share(r) : r;
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("快照中的记录无法重建：" + c.getSimpleName(), e);
            }
        });
        nodes.put(c, n);
        for (int i = 0; i < rcs.length; i++) {
            parts[i] = node(rcs[i].getGenericType());
        }
        return n;
    }

    private Object share(Object v) {
        Object s = shared.putIfAbsent(v, v);
        return s == null ? v : s;
    }

    private static Object invoke(MethodHandle accessor, Object record) {
        try {
            return (Object) accessor.invokeExact(record);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static Type arg(Type t, int i) {
        if (t instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalArgumentException("快照需要带类型参数的集合：" + t);
    }

    /** Writing side: strings go to one pool, written once at the end, and are referred to by number. */
    final class Out {
        DataOutputStream data;
        final Map<String, Integer> strings = new HashMap<>();
        final List<String> pool = new ArrayList<>();

        Out(DataOutputStream data) {
            this.data = data;
        }

        void string(String s) throws IOException {
            data.writeInt(s == null ? -1 : id(s));
        }

        int id(String s) {
            Integer n = strings.get(s);
            if (n == null) {
                n = pool.size();
                strings.put(s, n);
                pool.add(s);
            }
            return n;
        }

        void value(Object v, Type t) throws IOException {
            node(t).write(this, v);
        }
    }

    /** Reading side, at a position of its own in the file's bytes; strings by number from the pool. */
    final class In {
        final MappedFile.Cursor buf;
        private final IntFunction<String> strings;

        In(MappedFile.Cursor buf, IntFunction<String> strings) {
            this.buf = buf;
            this.strings = strings;
        }

        String string() {
            int n = buf.getInt();
            return n < 0 ? null : strings.apply(n);
        }

        Object value(Type t) {
            return node(t).read(this);
        }
    }
}
