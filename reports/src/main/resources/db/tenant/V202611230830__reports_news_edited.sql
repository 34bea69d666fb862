-- Set when a reviewer's text differs from the pipeline's draft; approved edited news is generator training data.
ALTER TABLE report_news ADD COLUMN edited BOOLEAN DEFAULT FALSE NOT NULL;
