package dev.zhiyu.knowledge;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads values by their declared type: records component by component, lists, maps, strings (each distinct
 * string once, then by number), boxed numbers, dates and enums. Driven by reflection so that a fact record gaining a
 * field needs no codec change; {@link #shape} names every record's components so a snapshot written before such a change
 * is refused rather than misread.
 */
final class SnapshotCodec {
    private final Map<Class<?>, Shape> shapes = new HashMap<>();

    private record Shape(Method[] accessors, Type[] types, Constructor<?> constructor) {
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

    private Shape shapeOf(Class<?> c) {
        return shapes.computeIfAbsent(c, k -> {
            RecordComponent[] rcs = k.getRecordComponents();
            Method[] acc = new Method[rcs.length];
            Type[] types = new Type[rcs.length];
            Class<?>[] raw = new Class<?>[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                acc[i] = rcs[i].getAccessor();
                acc[i].setAccessible(true);
                types[i] = rcs[i].getGenericType();
                raw[i] = rcs[i].getType();
            }
            try {
                Constructor<?> ctor = k.getDeclaredConstructor(raw);
                ctor.setAccessible(true);
                return new Shape(acc, types, ctor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Writing side. */
    final class Out {
        final DataOutputStream data;
        private final Map<String, Integer> strings = new HashMap<>();

        Out(DataOutputStream data) {
            this.data = data;
        }

        void string(String s) throws IOException {
            if (s == null) {
                data.writeInt(-1);
                return;
            }
            Integer n = strings.get(s);
            if (n != null) {
                data.writeInt(n);
                return;
            }
            strings.put(s, strings.size());
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            data.writeInt(-2);
            data.writeInt(b.length);
            data.write(b);
        }

        void value(Object v, Type t) throws IOException {
            Class<?> raw = raw(t);
            if (raw == String.class) {
                string((String) v);
                return;
            }
            if (raw.isPrimitive()) {
                primitive(v, raw);
                return;
            }
            data.writeBoolean(v != null);
            if (v == null) {
                return;
            }
            if (raw == Integer.class) {
                data.writeInt((Integer) v);
            } else if (raw == Double.class) {
                data.writeDouble((Double) v);
            } else if (raw == Long.class) {
                data.writeLong((Long) v);
            } else if (raw == Boolean.class) {
                data.writeBoolean((Boolean) v);
            } else if (raw == LocalDate.class) {
                data.writeLong(((LocalDate) v).toEpochDay());
            } else if (raw.isEnum()) {
                data.writeInt(((Enum<?>) v).ordinal());
            } else if (List.class.isAssignableFrom(raw)) {
                List<?> l = (List<?>) v;
                data.writeInt(l.size());
                for (Object o : l) {
                    value(o, arg(t, 0));
                }
            } else if (Map.class.isAssignableFrom(raw)) {
                Map<?, ?> m = (Map<?, ?>) v;
                data.writeInt(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    value(e.getKey(), arg(t, 0));
                    value(e.getValue(), arg(t, 1));
                }
            } else if (raw.isRecord()) {
                Shape s = shapeOf(raw);
                for (int i = 0; i < s.accessors.length; i++) {
                    try {
                        value(s.accessors[i].invoke(v), s.types[i]);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            } else {
                throw new IllegalArgumentException("快照不支持的类型：" + t);
            }
        }

        private void primitive(Object v, Class<?> raw) throws IOException {
            if (raw == int.class) {
                data.writeInt((Integer) v);
            } else if (raw == double.class) {
                data.writeDouble((Double) v);
            } else if (raw == long.class) {
                data.writeLong((Long) v);
            } else if (raw == boolean.class) {
                data.writeBoolean((Boolean) v);
            } else {
                throw new IllegalArgumentException("快照不支持的类型：" + raw);
            }
        }
    }

    /** Reading side. */
    final class In {
        final DataInputStream data;
        private final List<String> strings = new ArrayList<>();

        In(DataInputStream data) {
            this.data = data;
        }

        String string() throws IOException {
            int n = data.readInt();
            if (n == -1) {
                return null;
            }
            if (n >= 0) {
                return strings.get(n);
            }
            byte[] b = new byte[data.readInt()];
            data.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            strings.add(s);
            return s;
        }

        Object value(Type t) throws IOException {
            Class<?> raw = raw(t);
            if (raw == String.class) {
                return string();
            }
            if (raw.isPrimitive()) {
                return primitive(raw);
            }
            if (!data.readBoolean()) {
                return null;
            }
            if (raw == Integer.class) {
                return data.readInt();
            } else if (raw == Double.class) {
                return data.readDouble();
            } else if (raw == Long.class) {
                return data.readLong();
            } else if (raw == Boolean.class) {
                return data.readBoolean();
            } else if (raw == LocalDate.class) {
                return LocalDate.ofEpochDay(data.readLong());
            } else if (raw.isEnum()) {
                return raw.getEnumConstants()[data.readInt()];
            } else if (List.class.isAssignableFrom(raw)) {
                int n = data.readInt();
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(value(arg(t, 0)));
                }
                return l;
            } else if (Map.class.isAssignableFrom(raw)) {
                int n = data.readInt();
                Map<Object, Object> m = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
                for (int i = 0; i < n; i++) {
                    Object k = value(arg(t, 0));
                    m.put(k, value(arg(t, 1)));
                }
                return m;
            } else if (raw.isRecord()) {
                Shape s = shapeOf(raw);
                Object[] args = new Object[s.types.length];
                for (int i = 0; i < args.length; i++) {
                    args[i] = value(s.types[i]);
                }
                try {
                    return s.constructor.newInstance(args);
                } catch (ReflectiveOperationException e) {
                    throw new IOException("快照中的记录无法重建：" + raw.getSimpleName(), e);
                }
            }
            throw new IOException("快照不支持的类型：" + t);
        }

        private Object primitive(Class<?> raw) throws IOException {
            if (raw == int.class) {
                return data.readInt();
            } else if (raw == double.class) {
                return data.readDouble();
            } else if (raw == long.class) {
                return data.readLong();
            } else if (raw == boolean.class) {
                return data.readBoolean();
            }
            throw new IOException("快照不支持的类型：" + raw);
        }
    }

    static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    private static Type arg(Type t, int i) {
        if (t instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalArgumentException("快照需要带类型参数的集合：" + t);
    }
}
