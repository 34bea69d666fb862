/**
 * FreeSWITCH over ESL: call control, speech events, the dialer, call records. This package, with {@code lists},
 * {@code rules} and {@code tasks}, is the module's API: {@link dev.zhiyu.telephony.Switchboard} composes the nodes (or
 * the demo simulator) and hands out one {@link dev.zhiyu.telephony.TaskDialer} per tenant; {@code call},
 * {@code dialer}, {@code esl} and {@code sim} are internals the server never imports.
 */
package dev.zhiyu.telephony;
