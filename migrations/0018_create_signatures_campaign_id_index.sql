-- Keyset pages of one campaign's signatures in id order, whatever their status (the export).
CREATE INDEX signatures_campaign_id ON signatures (campaign_id, id);
