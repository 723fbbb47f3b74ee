-- Full-text search with varied terms and filters. A random price cap makes nearly every query a
-- new cache key, so these go to PostgreSQL rather than to the Redis cache.
package.path = "./?.lua;" .. package.path
local report = require("report")
setup = report.setup
done = report.done

local terms = {
  "running", "jacket", "hiking boot", "tent", "sleeping bag", "helmet", "skillet", "kettle",
  "grinder", "linen", "basket", "headphones", "speaker", "camera", "lens", "keyboard", "mouse",
  "waterproof", "merino", "cast iron", "wireless", "runing shoe", "coffee", "blanket", "usb-c hub",
}
local sorts = { "relevance", "price", "-price", "newest" }

function init(args)
  report.seed()
end

function request()
  local path = "/api/products?search=" .. terms[math.random(#terms)]:gsub(" ", "+")
    .. "&sort=" .. sorts[math.random(#sorts)]
    .. string.format("&maxPrice=%d.%02d", math.random(50, 900), math.random(0, 99))
  if math.random() < 0.3 then path = path .. "&inStock=true" end
  if math.random() < 0.3 then path = path .. "&page=2" end
  return wrk.format("GET", path)
end
