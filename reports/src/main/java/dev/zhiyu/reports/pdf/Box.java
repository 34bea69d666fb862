package dev.zhiyu.reports.pdf;

/** An axis-aligned rectangle in PDF points, origin at the page's top-left corner (y grows downwards). */
public record Box(float x, float y, float width, float height) {
    public float right() { return x + width; }

    public float bottom() { return y + height; }

    public float centerY() { return y + height / 2; }

    public float centerX() { return x + width / 2; }

    public Box union(Box o) {
        float nx = Math.min(x, o.x), ny = Math.min(y, o.y);
        return new Box(nx, ny, Math.max(right(), o.right()) - nx, Math.max(bottom(), o.bottom()) - ny);
    }

    public boolean containsCenterOf(Box o) {
        float cx = o.x + o.width / 2, cy = o.centerY();
        return cx >= x && cx <= right() && cy >= y && cy <= bottom();
    }

    public float verticalOverlap(Box o) {
        return Math.max(0, Math.min(bottom(), o.bottom()) - Math.max(y, o.y));
    }
}
