package dev.zhiyu.server.cli;

import org.apache.jena.query.Dataset;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;

/** Stands in for a running server in another process: opens the TDB2 stores given and holds them until killed. */
public final class HoldStore {
    private HoldStore() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (String dir : args) {
            Dataset ds = TDB2Factory.connectDataset(dir);
            Txn.executeRead(ds, () -> ds.getDefaultModel().size());
        }
        System.out.println("held");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
