package dev.zhiyu.nlp;

/**
 * An entity found in a text. {@code start}/{@code end} are char offsets into the original text; {@code value} is the
 * normalised value (E.164-like phone, ISO date-time, yuan amount, fraction, stock code ...).
 * ID-card numbers are masked by {@link #toString()} and {@link #masked()}: never log the raw record fields.
 */
public record Entity(String type, String text, int start, int end, String value, String source) {
    public static final String MOBILE = "mobile";
    public static final String LANDLINE = "landline";
    public static final String ID_CARD = "id_card";
    public static final String DATE_TIME = "datetime";
    public static final String MONEY = "money";
    public static final String PERCENT = "percent";
    public static final String STOCK = "stock";
    public static final String PERSON = "person";
    public static final String PLACE = "place";
    public static final String ORGANIZATION = "organization";

    public boolean overlaps(Entity o) { return start < o.end && o.start < end; }

    /** The text and value with sensitive digits replaced by '*'. */
    public Entity masked() {
        if (!ID_CARD.equals(type)) return this;
        return new Entity(type, Masking.maskIdCard(text), start, end, Masking.maskIdCard(value), source);
    }

    @Override public String toString() {
        Entity m = masked();
        return m.type + "[" + m.start + "," + m.end + ")" + m.text + "=" + m.value;
    }
}
