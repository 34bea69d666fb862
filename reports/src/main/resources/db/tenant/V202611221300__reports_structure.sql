-- The section tree (parent link, page printed in the table of contents), paragraphs and main-business rows.
-- Portable between H2 and PostgreSQL.
ALTER TABLE report_sections ADD COLUMN parent_seq INTEGER;
ALTER TABLE report_sections ADD COLUMN toc_page INTEGER DEFAULT 0 NOT NULL;

CREATE TABLE report_paragraphs (
    document_id    BIGINT         NOT NULL REFERENCES report_documents (id) ON DELETE CASCADE,
    seq            INTEGER        NOT NULL,
    page_no        INTEGER        NOT NULL,
    section_title  VARCHAR(500)   NOT NULL,
    body           VARCHAR(20000) NOT NULL,
    PRIMARY KEY (document_id, seq)
);

CREATE TABLE report_main_business (
    document_id  BIGINT        NOT NULL REFERENCES report_documents (id) ON DELETE CASCADE,
    seq          INTEGER       NOT NULL,
    dimension    VARCHAR(16)   NOT NULL,
    segment      VARCHAR(200)  NOT NULL,
    PRIMARY KEY (document_id, seq)
);

-- One row per measure (revenue, cost, margin, revenue_change, cost_change, margin_change) present in the layout.
CREATE TABLE report_main_business_values (
    document_id  BIGINT         NOT NULL,
    seq          INTEGER        NOT NULL,
    measure      VARCHAR(16)    NOT NULL,
    amount       DECIMAL(30, 6),
    unit_label   VARCHAR(24)    NOT NULL,
    page_no      INTEGER,
    box_x        REAL, box_y REAL, box_w REAL, box_h REAL,
    cell_text    VARCHAR(200),
    PRIMARY KEY (document_id, seq, measure),
    FOREIGN KEY (document_id, seq) REFERENCES report_main_business (document_id, seq) ON DELETE CASCADE
);
