package dev.zhiyu.telephony;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Call lists and their leads. */
public interface CallLists {

    /** A call list with its size. */
    record StoredList(String listId, String name, long leads, Instant createdAt) {
    }

    Optional<StoredList> list(String listId);

    /** Every list, newest first. */
    List<StoredList> lists();

    List<Lead> leads(String listId);

    /** Every lead of a list in row order, one at a time; database stores stream them instead of loading the list. */
    default void forEachLead(String listId, Consumer<Lead> each) {
        leads(listId).forEach(each);
    }

    /** One lead of a list; database stores look it up by key instead of scanning the list. */
    default Optional<Lead> lead(String listId, String leadId) {
        return leads(listId).stream().filter(l -> l.id().equals(leadId)).findFirst();
    }

    /** The phone of one lead, or empty; database stores look it up by key instead of scanning the list. */
    default String phoneOf(String listId, String leadId) {
        return leads(listId).stream().filter(l -> l.id().equals(leadId)).map(Lead::phone).findFirst().orElse("");
    }
}
