-- (a) chat, one https image_url (the gateway in pass-through mode forwards the URL, nothing is downloaded)
body = [[{"model":"openai/gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is in this picture?"},{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}]]
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "common.lua")
