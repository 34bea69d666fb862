package dev.zhiyu.reports.indicators;

import dev.zhiyu.reports.tables.CellRef;
import java.math.BigDecimal;

/** A normalised number in a canonical unit with the cell it came from; {@code number == null} means 不适用/blank/-. */
public record Value(BigDecimal number, Unit unit, CellRef source) {
    public boolean missing() { return number == null; }

    @Override public String toString() {
        return missing() ? "—" : number.stripTrailingZeros().toPlainString() + unit.label();
    }
}
