-- A tenant's own anomaly thresholds per indicator (percent for amounts, points for ratios); absent = default.
CREATE TABLE report_thresholds (
    indicator   VARCHAR(64)   PRIMARY KEY,
    threshold   DECIMAL(9, 4) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL
);
