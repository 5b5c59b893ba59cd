-- (b) chat with a JPEG data: URL: the JSON body is read from the file named after wrk's "--"
-- (bench/gateway-overhead writes it: a compliant JPEG the gateway sends as is)
--   wrk ... -s bench/wrk/dataurl.lua URL -- /path/to/body.json
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")
