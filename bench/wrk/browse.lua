-- A shopper browsing: catalogue pages (60 %) and product details (40 %) over a hot set, so the
-- catalog's Redis cache answers after the warm-up. Argument: a file of product ids, one a line.
package.path = "./?.lua;" .. package.path
local report = require("report")
setup = report.setup
done = report.done

local ids
local sorts = { "name", "price", "-price", "newest" }

function init(args)
  report.seed()
  ids = report.lines(args[1])
end

function request()
  if math.random() < 0.6 then
    local path = string.format("/api/products?page=%d&pageSize=20&sort=%s",
      math.random(1, 10), sorts[math.random(#sorts)])
    return wrk.format("GET", path)
  end
  return wrk.format("GET", "/api/products/" .. ids[math.random(math.min(#ids, 200))])
end
