-- (d) a photo uploaded as multipart/form-data, as a browser form posts it to /v1/describe (or /v1/compare, /v1/ocr):
-- one `image` file part and a `model` text part (api.VisionForm). The JPEG is read once per thread, at init; the
-- boundary is fixed (it cannot occur in the JPEG's bytes by chance in practice: 40 random-looking characters).
--   wrk ... -s bench/wrk/upload.lua http://127.0.0.1:8080/v1/describe -- /path/to/photo.jpg [model]
-- The model defaults to openai/gpt-4o (a router model: the gateway normalizes the photo and calls the router).
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")

local boundary = "vision-gateway-bench-7f3a9c2e51d84b06a1e2"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary

-- replaces common.lua's init: the body is built here, the statuses are counted as there
function init(args)
   statuses = {}
   local path = assert(args[1], "upload.lua needs the photo's path after --")
   local model = args[2] or "openai/gpt-4o"
   local file = assert(io.open(path, "rb"), "cannot open photo " .. path)
   local jpeg = file:read("*a")
   file:close()
   wrk.body = table.concat({
      "--" .. boundary,
      'Content-Disposition: form-data; name="model"',
      "",
      model,
      "--" .. boundary,
      'Content-Disposition: form-data; name="image"; filename="photo.jpg"',
      "Content-Type: image/jpeg",
      "",
      jpeg,
      "--" .. boundary .. "--",
      "",
   }, "\r\n")
end
