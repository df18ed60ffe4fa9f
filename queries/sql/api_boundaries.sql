-- api_boundaries: the reference boundaries of one kind ('lsoa' or 'area') as GeoJSON features.
-- params: $kind
-- grain: code
select feature
from boundaries
where kind = $kind;
