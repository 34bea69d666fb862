package dev.zhiyu.dialog;

/** Where sessions report their turns and outcomes (the server persists them in the tenant's database). */
public interface TurnListener {

    void turn(TurnRecord turn);

    void ended(String tenant, String sessionId, Outcome outcome);

    TurnListener NONE = new TurnListener() {
        @Override
        public void turn(TurnRecord turn) {
        }

        @Override
        public void ended(String tenant, String sessionId, Outcome outcome) {
        }
    };
}
