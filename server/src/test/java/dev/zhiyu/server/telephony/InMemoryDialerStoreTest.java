package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.DialerStore;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.dialer.InMemoryDialerStore;
import java.util.List;

/** The reference behaviour: the contract on the in-memory store of tests and demo mode. */
class InMemoryDialerStoreTest extends DialerStoreContract {
    @Override
    DialerStore store() {
        return new InMemoryDialerStore(SHANGHAI);
    }

    @Override
    void putList(DialerStore store, String listId, List<Lead> leads) {
        ((InMemoryDialerStore) store).putList(listId, leads);
    }
}
