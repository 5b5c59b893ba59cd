-- (c) the URL body of url.lua with "stream": true: the answer is an SSE stream ending in data: [DONE]
body = [[{"model":"openai/gpt-4o","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}]]
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")
