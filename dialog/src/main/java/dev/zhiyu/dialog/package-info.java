/** The dialog engine: scenarios, NLU adapter, N-best state tracking, policy, NLG, sessions, the text channel. */
package dev.zhiyu.dialog;
