/**
 * Outbound tasks as operators handle them: planning a task from a request (validation, defaults), the status
 * verbs, statistics and compliance scanning over the stores' ports. HTTP and CLI both reach them through the
 * server's one telephony service.
 */
package dev.zhiyu.telephony.tasks;
