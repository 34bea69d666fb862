-- The tenant's annotation settings: how many annotators label each queued caller turn before it leaves the queue.
CREATE TABLE annotation_settings (
    setting_key   VARCHAR(64)  PRIMARY KEY,
    setting_value INTEGER      NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(200) NOT NULL
);
