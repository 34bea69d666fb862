/**
 * The tenant's contact rules as operators manage them: the do-not-call list (bulk adds, opt-out reviews), the
 * registered caller numbers and the holiday calendar, over the {@link dev.zhiyu.telephony.ContactRules} port.
 */
package dev.zhiyu.telephony.rules;
