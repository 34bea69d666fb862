package dev.zhiyu.telephony;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Call lists and their leads. */
public interface CallLists {

    /** A call list with its size. */
    record StoredList(String listId, String name, long leads, Instant createdAt) {
    }

    Optional<StoredList> list(String listId);

    /** Every list, newest first. */
    List<StoredList> lists();

    List<Lead> leads(String listId);

    /** One lead of a list; database stores look it up by key instead of scanning the list. */
    default Optional<Lead> lead(String listId, String leadId) {
        return leads(listId).stream().filter(l -> l.id().equals(leadId)).findFirst();
    }

    /** The phone of one lead, or empty; database stores look it up by key instead of scanning the list. */
    default String phoneOf(String listId, String leadId) {
        return leads(listId).stream().filter(l -> l.id().equals(leadId)).map(Lead::phone).findFirst().orElse("");
    }
}
