-- A tenant's own industry classification: which stock codes an industry subscription covers.
CREATE TABLE report_industry_codes (
    industry    VARCHAR(100) NOT NULL,
    stock_code  VARCHAR(6)   NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(200) NOT NULL,
    PRIMARY KEY (industry, stock_code)
);
CREATE INDEX report_industry_codes_code ON report_industry_codes (stock_code);
