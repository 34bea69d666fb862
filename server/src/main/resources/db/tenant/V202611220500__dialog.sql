-- Dialog sessions, their turns, and the tenant's own scenario versions.
CREATE TABLE dialog_scenarios (
    scenario_id  VARCHAR(64)  NOT NULL,
    version      INTEGER      NOT NULL,
    yaml_text    VARCHAR(1000000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    PRIMARY KEY (scenario_id, version)
);

CREATE TABLE dialog_sessions (
    session_id     VARCHAR(64)  PRIMARY KEY,
    scenario_id    VARCHAR(64)  NOT NULL,
    channel        VARCHAR(16)  NOT NULL,
    variables_json VARCHAR(4000) NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at       TIMESTAMP WITH TIME ZONE,
    outcome_label  VARCHAR(8),
    outcome_json   VARCHAR(4000),
    turns          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dialog_sessions_started ON dialog_sessions (started_at);

CREATE TABLE dialog_turns (
    session_id    VARCHAR(64) NOT NULL,
    turn_index    INTEGER     NOT NULL,
    seq           INTEGER     NOT NULL,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    stage         VARCHAR(64) NOT NULL,
    heard_json    VARCHAR(8000) NOT NULL,
    dtmf          VARCHAR(32) NOT NULL,
    intents_json  VARCHAR(2000) NOT NULL,
    belief_json   VARCHAR(4000) NOT NULL,
    action        VARCHAR(64) NOT NULL,
    prompt        VARCHAR(2000) NOT NULL,
    actions_json  VARCHAR(1000) NOT NULL,
    micros_json   VARCHAR(500) NOT NULL,
    PRIMARY KEY (session_id, seq)
);
