-- How a task paces its lines: progressive (default), or predictive with answered calls sent to a mod_callcenter queue.
ALTER TABLE telephony_tasks ADD COLUMN pacing VARCHAR(16) DEFAULT 'progressive' NOT NULL;
ALTER TABLE telephony_tasks ADD COLUMN agent_queue VARCHAR(128);
