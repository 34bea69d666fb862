/** FreeSWITCH over ESL: call control, speech events, the dialer, call records. */
package dev.zhiyu.telephony;
