-- Each app's colours for the web app (GET /v1/app/config hands the settings out). "brand" carries
-- white text and "accent" dark text at WCAG AA contrast (4.5:1 or more).
update products set settings = settings || '{"theme": {"brand": "#A3165F", "accent": "#FFD6EA"}}'::jsonb
 where id = 'glow';
update products set settings = settings || '{"theme": {"brand": "#3B3FB6", "accent": "#DCDDFF"}}'::jsonb
 where id = 'xingye';
update products set settings = settings || '{"theme": {"brand": "#0B6B5F", "accent": "#CDEFEA"}}'::jsonb
 where id = 'talkie';
