-- The handle a lead shows on their channel in place of a number (a WhatsApp username such as
-- @anagomez), as the channel last reported it. Shown and searched, never used to find a lead by
-- a message: people change it. A new NULL column: no table rewrite, no scan.
ALTER TABLE leads ADD COLUMN username text;
