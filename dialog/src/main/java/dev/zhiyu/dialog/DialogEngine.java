package dev.zhiyu.dialog;

/**
 * The one narrow interface channels (the text channel, the telephone) use to hold a dialog.
 * Implementations are per tenant: a session never sees another tenant's scenarios or models.
 */
public interface DialogEngine {

    /** Starts a session of the request's scenario; fails with an {@link IllegalArgumentException} naming the problem. */
    DialogSession open(SessionRequest request);
}
