package dev.zhiyu.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/** Exact round trip of facts through the store: each fact node also carries its JSON. */
final class FactCodec {
    static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    static final List<Class<?>> TYPES = List.of(Entity.class, Product.class, Shareholding.class, Officer.class,
            Guarantee.class, Event.class, ProductLink.class, Produces.class, Supply.class, DeclaredInterest.class, ConcertAgreement.class);

    private FactCodec() {
    }

    static String json(Object fact) {
        try {
            return MAPPER.writeValueAsString(fact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object read(String type, String json) {
        for (Class<?> c : TYPES) {
            if (c.getSimpleName().equals(type)) {
                try {
                    return MAPPER.readValue(json, c);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("图库中的事实无法解析（" + type + "）：" + e.getOriginalMessage(), e);
                }
            }
        }
        throw new IllegalStateException("图库中有未知事实类型：" + type);
    }

    /** Adds a fact to a batch the loader can replay. */
    static void addTo(FactBatch b, Object f) {
        String file = "图库";
        switch (f) {
            case Entity e -> b.entity(file, 0, e);
            case Product p -> b.product(file, 0, p);
            case Shareholding s -> b.shareholding(file, 0, s);
            case Officer o -> b.officer(file, 0, o);
            case Guarantee g -> b.guarantee(file, 0, g);
            case Event e -> b.event(file, 0, e);
            case ProductLink l -> b.productLink(file, 0, l);
            case Produces p -> b.produces(file, 0, p);
            case Supply s -> b.supply(file, 0, s);
            case DeclaredInterest i -> b.interest(file, 0, i);
            case ConcertAgreement a -> b.concert(file, 0, a);
            default -> throw new IllegalArgumentException("未知事实：" + f);
        }
    }
}
