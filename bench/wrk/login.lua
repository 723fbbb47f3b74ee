-- Sign-in: POST /api/auth/login over a pool of registered accounts (password hashing dominates).
-- Arguments: a file of email addresses, one a line, and their shared password.
package.path = "./?.lua;" .. package.path
local report = require("report")
setup = report.setup
done = report.done

local emails
local password

function init(args)
  report.seed()
  emails = report.lines(args[1])
  password = args[2]
end

function request()
  local body = string.format('{"email":"%s","password":"%s"}', emails[math.random(#emails)], password)
  return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json" }, body)
end
