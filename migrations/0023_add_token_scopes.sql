-- What an API token may do, chosen when it is made (issue 24.3): `read` reads and exports
-- (signatures, statistics, deliveries, the campaign file); `edit` also edits the campaign's
-- content (the file, spam marks, updates). No scope reaches organisers or tokens: those
-- change only from a signed-in organiser's session. Tokens made before scopes existed
-- become `read`: a token labelled "weekly export" must not keep the power to edit.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read' CHECK (scope IN ('read', 'edit'));
