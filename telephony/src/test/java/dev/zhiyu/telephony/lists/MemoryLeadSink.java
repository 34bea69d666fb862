package dev.zhiyu.telephony.lists;

import dev.zhiyu.telephony.Lead;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test sink: staged adds become visible on commit. Counts only, if {@code keep} is false (million-row test). */
public final class MemoryLeadSink implements LeadSink {
    public final Map<String, Lead> committed = new LinkedHashMap<>();
    private final List<Lead> staged = new ArrayList<>();
    private final Set<String> stagedPhones = new HashSet<>();
    private final boolean keep;
    public long count;

    public MemoryLeadSink(boolean keep) {
        this.keep = keep;
    }

    @Override
    public boolean add(Lead lead) {
        if (committed.containsKey(lead.phone())) {
            return false;
        }
        if (keep) {
            staged.add(lead);
            stagedPhones.add(lead.phone());
        }
        count++;
        return true;
    }

    @Override
    public void commit() {
        staged.forEach(l -> committed.put(l.phone(), l));
        staged.clear();
    }

    @Override
    public void abort() {
        staged.clear();
        count = committed.size();
    }
}
