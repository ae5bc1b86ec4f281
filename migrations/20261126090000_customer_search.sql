-- The helpdesk search box's exact lookups, across every account at once: a subscription by its
-- id, the customers of an indirect reseller (by its tenant id) and of a reseller of record (by
-- its MPN id). Name and domain fragments use the trigram indexes made with the tables.
CREATE INDEX subscriptions_id ON subscriptions (id);
CREATE INDEX subscriptions_partner_id ON subscriptions (partner_id) WHERE partner_id IS NOT NULL;
CREATE INDEX customers_reseller ON customers (lower(reseller_id)) WHERE reseller_id IS NOT NULL;

-- Names and domains that start with the text, in order (byte order, "C"), so a prefix search
-- stops after its first rows; the trigram indexes would recheck every name with a word of that
-- prefix (2,500 rows for "nort" in 100,000 customers: 15 ms instead of 1).
CREATE INDEX customers_name_prefix ON customers ((lower(company_name) COLLATE "C"));
CREATE INDEX customers_domain_prefix ON customers ((lower(domain) COLLATE "C"));
CREATE INDEX customer_domains_prefix ON customer_domains ((lower(domain) COLLATE "C"));
