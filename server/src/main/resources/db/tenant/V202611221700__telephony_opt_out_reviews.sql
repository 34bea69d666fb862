-- Supervisors' decisions on opt-outs captured in calls: confirmed ones became DNC entries, rejected ones were lifted.
CREATE TABLE telephony_opt_out_reviews (
    review_id        VARCHAR(40)  PRIMARY KEY,
    phone            VARCHAR(32)  NOT NULL,
    decision         VARCHAR(16)  NOT NULL,
    original_reason  VARCHAR(200) NOT NULL,
    reviewer         VARCHAR(200) NOT NULL,
    at               TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX telephony_opt_out_reviews_phone ON telephony_opt_out_reviews (phone, at);
