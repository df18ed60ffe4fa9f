-- api_settings: every window, target and threshold (pipelines/reference/settings.csv).
-- grain: name
select
    name,
    value
from settings;
