-- Headless Neovim test: loads clients/neovim, opens drafts, and checks hover, definition, diagnostics, a quick fix,
-- :AccordCite and :AccordTable against the real accord-ls. Run through tests/clients/nvim_init.lua (see run-editors.sh).
-- Environment: ACCORD_LS (binary), ACCORD_REPO (repository root), ACCORD_TEST_DIR (scratch dir, kept on failure),
-- ACCORD_NVIM_DRAFTS (colon-separated drafts; default: the fixture and examples/gsomia-brief.md when present).
local uv = vim.loop

local function getenv(name, default)
  local v = os.getenv(name)
  if v == nil or v == '' then
    return default
  end
  return v
end

local REPO = getenv('ACCORD_REPO', uv.cwd())
local LS = getenv('ACCORD_LS', REPO .. '/build-test/accord-ls')
local WORK = getenv('ACCORD_TEST_DIR', vim.fn.tempname())
local TIMEOUT = tonumber(getenv('ACCORD_TEST_TIMEOUT_MS', '60000'))
-- The server indexes the corpus after initialize and answers null until then; a sanitizer build
-- on a busy machine may take a while.
local READY_TIMEOUT = tonumber(getenv('ACCORD_READY_TIMEOUT_MS', '180000'))

-- Acronyms the corpus defines, with the long forms a hover must show. A draft is checked on those it uses.
local ACRONYMS = {
  { short = 'GSOMIA', long = 'General Security of Military Information Agreement' },
  { short = 'PSI', long = 'Proliferation Security Initiative' },
  { short = 'TCOG', long = 'Trilateral Coordination and Oversight Group' },
  { short = 'HADR', long = 'humanitarian assistance and disaster relief' },
  { short = 'FTA', long = 'free trade agreement' },
  { short = 'OPCON', long = 'operational control' },
  { short = 'ROK', long = 'Republic of Korea' },
  { short = 'JSDF', long = 'Japan Self-Defense Forces' },
  { short = 'DTT', long = 'Defense Trilateral Talks' },
  { short = 'ACSA', long = 'Acquisition and Cross-Servicing Agreement' },
}

-- What Neovim calls each kind of draft, and the LSP language id the plugin must send for it.
local KINDS = {
  md = { filetypes = { markdown = true }, language = 'markdown' },
  txt = { filetypes = { text = true }, language = 'plaintext' },
  tex = { filetypes = { tex = true, plaintex = true }, language = 'latex' },
}

local function log(msg)
  io.stderr:write('[nvim-test] ' .. msg .. '\n')
end

local failures = {}
local function fail(msg)
  table.insert(failures, msg)
  log('FAIL: ' .. msg)
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
  return cond
end

local function read_file(path)
  local f = io.open(path, 'rb')
  if not f then
    return nil
  end
  local s = f:read('*a')
  f:close()
  return s
end

local function write_file(path, data)
  local f = assert(io.open(path, 'wb'))
  f:write(data)
  f:close()
end

local function has(feature)
  return vim.fn.has(feature) == 1
end

local function squash(s)
  return (s:gsub('%s+', ' ')):lower()
end

local function plain_find(haystack, needle)
  return haystack:find(needle, 1, true) ~= nil
end

local function count_plain(haystack, needle)
  local n, i = 0, 1
  while true do
    local s, e = haystack:find(needle, i, true)
    if not s then
      return n
    end
    n, i = n + 1, e + 1
  end
end

local function buf_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local function client_call(client, name, ...)
  if has('nvim-0.11') then
    return client[name](client, ...)
  end
  return client[name](...)
end

-- Raw diagnostics as the server published them, by URI (vim.diagnostic keeps a converted copy).
local published = {}
local publish_count = 0
local original_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then
    published[result.uri] = result.diagnostics
    publish_count = publish_count + 1
  end
  return original_publish(err, result, ctx, config)
end

--- Byte column of an LSP position on a line of text.
local function byte_col(line, character, encoding)
  if encoding == 'utf-8' then
    return character
  end
  local ok, col = pcall(vim.str_byteindex, line, character, encoding == 'utf-16')
  if not ok then
    return #line
  end
  return col
end

--- The text an LSP range covers in a list of lines.
local function range_text(lines, range, encoding)
  local s, e = range.start, range['end']
  local parts = {}
  for l = s.line, e.line do
    local line = lines[l + 1] or ''
    local from = (l == s.line) and byte_col(line, s.character, encoding) or 0
    local to = (l == e.line) and byte_col(line, e.character, encoding) or #line
    table.insert(parts, line:sub(from + 1, to))
  end
  return table.concat(parts, '\n')
end

local function hover_text(result)
  if result == nil or result.contents == nil then
    return ''
  end
  local lines = vim.lsp.util.convert_input_to_markdown_lines(result.contents)
  return table.concat(lines, '\n')
end

--- Puts the cursor on the first occurrence of `word` as a whole word; returns (row, col) or nil.
local function cursor_on(buf, word)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for row, line in ipairs(lines) do
    local init = 1
    while true do
      local s, e = line:find(word, init, true)
      if not s then
        break
      end
      local before = s > 1 and line:sub(s - 1, s - 1) or ' '
      local after = line:sub(e + 1, e + 1)
      -- Prose only: not part of a path, file name, code span or TeX command ("annex/TCOG-archive", \\JSDF).
      if not before:match('[%w/_`%.\\%-]') and not after:match('[%w/_`%-]') then
        vim.api.nvim_win_set_cursor(0, { row, s - 1 })
        return row, s - 1
      end
      init = e + 1
    end
  end
  return nil
end

local function position_params(client)
  return vim.lsp.util.make_position_params(0, client.offset_encoding or 'utf-16')
end

local function request_sync(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  if responses == nil then
    return nil, 'no response to ' .. method .. ': ' .. tostring(err)
  end
  for _, r in pairs(responses) do
    if r.err then
      return nil, method .. ' failed: ' .. vim.inspect(r.err)
    end
    return r.result
  end
  return nil, 'no client answered ' .. method
end

-- The README's own set-up, run as a user would paste it, so that the two cannot drift: the first
-- ```lua block of its Neovim section, with the paths filled in. Only the command gains the test's
-- logging flags (the mirror path is set per draft below: one server per draft directory).
local function readme_snippet()
  local readme = read_file(REPO .. '/README.md') or ''
  local section = readme:match('\n### Neovim[^\n]*\n(.-)\n### ')
  assert(section, 'README.md has no "### Neovim" section')
  local code = section:match('```lua\n(.-)```')
  assert(code, 'the Neovim section of README.md has no ```lua block')
  local binary = "'/path/to/accord/build/accord-ls'"
  assert(plain_find(code, binary), 'the README snippet no longer names ' .. binary)
  local cmd = table.concat({ ('%q'):format(LS), "'--log=verbose'", "'--input-mirror'",
    ('%q'):format(WORK .. '/input-mirror.jsonrpc') }, ', ')
  code = code:gsub(vim.pesc(binary), function()
    return cmd
  end)
  code = code:gsub(vim.pesc('/path/to/accord'), function()
    return REPO
  end)
  return code
end

local snippet = readme_snippet()
log('running the README snippet:\n' .. snippet)
assert((loadstring or load)(snippet, '=README.md'))()
local accord = require('accord')
check(accord.config ~= nil, 'the README snippet did not call setup{}')
local exit_codes = {}
-- Read when a client starts (accord.attach), so it may be set after setup{}.
accord.config.on_exit = function(code, signal, client_id)
  exit_codes[client_id] = { code = code, signal = signal }
end

local function test_draft(index, source)
  log(('draft %d: %s'):format(index, source))
  local text = read_file(source)
  if not check(text ~= nil, 'cannot read draft ' .. source) then
    return
  end
  local dir = ('%s/draft%d'):format(WORK, index)
  vim.fn.mkdir(dir .. '/.accord', 'p') -- the root marker: one server per draft directory
  local path = dir .. '/' .. vim.fn.fnamemodify(source, ':t')
  write_file(path, text)
  local kind = KINDS[vim.fn.fnamemodify(source, ':e')] or KINDS.txt
  -- No references.bib: a LaTeX citation creates it (Neovim lists "create" in its resource
  -- operations) and adds its BibTeX entry.
  local mirror = ('%s/input-mirror-%d.jsonrpc'):format(WORK, index)
  accord.config.cmd[#accord.config.cmd] = mirror

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  check(kind.filetypes[vim.bo[buf].filetype], 'unexpected filetype ' .. vim.bo[buf].filetype .. ' for ' .. path)

  local client
  local up = vim.wait(TIMEOUT, function()
    client = accord.get_client(buf)
    return client ~= nil and client.initialized == true
  end, 50)
  if not check(up, 'accord-ls did not attach and initialize within the timeout') then
    return
  end
  local enc = client.offset_encoding or 'utf-16'
  log('server initialized, position encoding ' .. enc)

  -- The plugin maps Neovim's filetype to the LSP language id (text -> plaintext, tex -> latex).
  local opened = vim.wait(TIMEOUT, function()
    return plain_find(read_file(mirror) or '', '"languageId":"' .. kind.language .. '"')
  end, 50)
  check(opened, ('didOpen did not carry languageId "%s" (see %s)'):format(kind.language, mirror))

  -- A second draft under the same root reuses the running server.
  if index == 1 then
    local second = dir .. '/second-draft.md'
    write_file(second, 'A second draft about PSI.\n')
    vim.cmd('edit ' .. vim.fn.fnameescape(second))
    local buf2 = vim.api.nvim_get_current_buf()
    local other
    vim.wait(TIMEOUT, function()
      other = accord.get_client(buf2)
      return other ~= nil
    end, 50)
    check(other ~= nil and other.id == client.id, 'a second draft in the same root started another client')
    vim.cmd('buffer ' .. buf)
  end

  -- Which known acronyms does this draft use, and which does it not spell out itself?
  local used, undefined_here = {}, {}
  local lower = squash(text)
  for _, a in ipairs(ACRONYMS) do
    if cursor_on(buf, a.short) then
      table.insert(used, a)
      if not plain_find(lower, squash(a.long)) then
        table.insert(undefined_here, a)
      end
    end
  end
  if not check(#used > 0, 'the draft uses none of the known acronyms; pick another draft') then
    return
  end

  -- Hover: the long form of the acronym under the cursor. The first non-null hover also says
  -- the server has its knowledge; until then it may answer null.
  local a = used[1]
  cursor_on(buf, a.short)
  local result, err
  uv.update_time()
  local t0 = uv.now()
  repeat
    result, err = request_sync(buf, 'textDocument/hover', position_params(client))
    if result == nil and err == nil then
      vim.wait(250)
    end
    uv.update_time()
  until result ~= nil or err ~= nil or uv.now() - t0 > READY_TIMEOUT
  log(('first hover answered after %d ms'):format(uv.now() - t0))
  local hover = hover_text(result)
  if not check(result ~= nil, 'hover on ' .. a.short .. ': ' .. tostring(err or 'null result (server never ready)')) then
    return false
  end
  check(
    plain_find(squash(hover), squash(a.long)),
    ('hover on %s lacks the long form "%s"; got:\n%s'):format(a.short, a.long, hover)
  )

  -- The README's on_attach: its keys are buffer-local, the plugin set 'omnifunc', and K shows
  -- the hover card (a floating window) with the long form.
  check(vim.bo[buf].omnifunc == 'v:lua.vim.lsp.omnifunc', "'omnifunc' is " .. vim.bo[buf].omnifunc)
  for _, lhs in ipairs({ 'K', 'gd', 'gr', '<leader>ca' }) do
    local m = vim.fn.maparg(lhs, 'n', false, true)
    check(type(m) == 'table' and m.buffer == 1, 'the README snippet did not map ' .. lhs .. ' in the buffer')
  end
  local function float_text()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        return buf_text(vim.api.nvim_win_get_buf(win)), win
      end
    end
    return nil
  end
  cursor_on(buf, a.short)
  vim.api.nvim_feedkeys('K', 'x', false)
  local card
  vim.wait(TIMEOUT, function()
    card = float_text()
    return card ~= nil
  end, 50)
  check(card ~= nil and plain_find(squash(card), squash(a.long)),
    ('K on %s showed no hover card with "%s": %s'):format(a.short, a.long, tostring(card)))
  local _, float = float_text()
  if float then
    vim.api.nvim_win_close(float, true)
  end

  -- Definition: an acronym the draft does not define lands in the commentary (corpus/*.txt) on the
  -- line that defines it; one the draft defines lands on the draft's own definition.
  local function check_definition(d, in_draft)
    cursor_on(buf, d.short)
    local locs, derr = request_sync(buf, 'textDocument/definition', position_params(client))
    if locs ~= nil and (locs.uri ~= nil or locs.targetUri ~= nil) then
      locs = { locs }
    end
    if not check(locs ~= nil and #locs > 0, 'definition of ' .. d.short .. ': ' .. tostring(derr or 'no location')) then
      return
    end
    local loc = locs[1]
    local range = loc.targetSelectionRange or loc.range
    local fname = vim.uri_to_fname(loc.targetUri or loc.uri)
    local lines
    if in_draft then
      if not check(vim.loop.fs_realpath(fname) == vim.loop.fs_realpath(path), ('definition of %s (spelled out in the draft) is in %s, not the draft'):format(d.short, fname)) then
        return
      end
      lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    else
      if not check(fname:match('/corpus/[^/]+%.txt$') ~= nil, 'definition of ' .. d.short .. ' is not in corpus/*.txt: ' .. fname) then
        return
      end
      lines = vim.split(read_file(fname) or '', '\n', true)
      for i, l in ipairs(lines) do
        lines[i] = l:gsub('\r$', '') -- some commentaries end lines with \r\n
      end
    end
    local at = range_text(lines, range, enc)
    local line = lines[range.start.line + 1] or ''
    check(
      plain_find(at, d.short) or plain_find(squash(at), squash(d.long)),
      ('definition of %s: the range %s covers "%s", not the term'):format(d.short, vim.inspect(range), at)
    )
    check(
      plain_find(line, d.short) or plain_find(squash(line), squash(d.long):sub(1, 12)),
      ('definition of %s: line %d of %s does not define it: "%s"'):format(d.short, range.start.line + 1, fname, line)
    )
    log(('definition of %s: %s:%d'):format(d.short, vim.fn.fnamemodify(fname, ':t'), range.start.line + 1))
    -- The user's path: vim.lsp.buf.definition() opens the target at that line.
    if #locs == 1 then
      cursor_on(buf, d.short)
      vim.lsp.buf.definition()
      local jumped = vim.wait(TIMEOUT, function()
        return vim.api.nvim_buf_get_name(0) == fname and vim.api.nvim_win_get_cursor(0)[1] == range.start.line + 1
      end, 50)
      check(jumped, ('vim.lsp.buf.definition() did not open %s at line %d (now %s:%d)'):format(
        fname, range.start.line + 1, vim.api.nvim_buf_get_name(0), vim.api.nvim_win_get_cursor(0)[1]))
      vim.cmd('buffer ' .. buf)
    end
  end
  if undefined_here[1] ~= nil then
    check_definition(undefined_here[1], false)
  else
    log('every known acronym is spelled out in the draft: checking the definition in the draft')
    check_definition(used[1], true)
  end

  -- Diagnostics: at least one from source "accord", shown through vim.diagnostic too.
  local got = vim.wait(TIMEOUT, function()
    return published[uri] ~= nil and #published[uri] > 0
  end, 50)
  if not check(got, 'no diagnostics published for ' .. uri) then
    return
  end
  local shown = vim.diagnostic.get(buf)
  local from_accord = 0
  for _, diag in ipairs(shown) do
    if diag.source == 'accord' then
      from_accord = from_accord + 1
    end
  end
  check(from_accord > 0, 'no diagnostic with source "accord" in vim.diagnostic: ' .. vim.inspect(shown))

  -- Quick fix: spell out an acronym the draft never spells out (or uses before defining).
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local target, target_short
  for _, diag in ipairs(published[uri]) do
    if diag.code == 'never-spelled-out' or diag.code == 'used-before-defined' then
      target = diag
      target_short = range_text(lines, diag.range, enc)
      break
    end
  end
  if check(target ~= nil, 'no never-spelled-out/used-before-defined diagnostic to fix: ' .. vim.inspect(published[uri])) then
    local long
    for _, acr in ipairs(ACRONYMS) do
      if acr.short == target_short then
        long = acr.long
      end
    end
    local actions, aerr = request_sync(buf, 'textDocument/codeAction', {
      textDocument = { uri = uri },
      range = target.range,
      context = { diagnostics = { target }, only = { 'quickfix' } },
    })
    local action -- the preferred quick fix, else the first one
    for _, act in ipairs(actions or {}) do
      local quickfix = act.kind == nil or act.kind == 'quickfix' or act.kind:match('^quickfix%.') ~= nil
      if quickfix and (action == nil or (act.isPreferred and not action.isPreferred)) then
        action = act
      end
    end
    if check(action ~= nil, 'no quick fix offered for ' .. target.code .. ' on ' .. target_short .. ': ' .. tostring(aerr or vim.inspect(actions))) then
      if action.edit == nil and action.command == nil and client.server_capabilities.codeActionProvider
        and type(client.server_capabilities.codeActionProvider) == 'table'
        and client.server_capabilities.codeActionProvider.resolveProvider then
        action = request_sync(buf, 'codeAction/resolve', action) or action
      end
      local before = buf_text(buf)
      local spelled = long and (long .. ' (' .. target_short .. ')') or nil
      local spelled_before = spelled and count_plain(squash(before), squash(spelled)) or 0
      local publishes = publish_count
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, enc)
      end
      local command = type(action.command) == 'table' and action.command
        or (type(action.command) == 'string' and action)
        or nil
      if command then
        client_call(client, 'request', 'workspace/executeCommand', { command = command.command, arguments = command.arguments }, function() end, buf)
      end
      local changed = vim.wait(TIMEOUT, function()
        return buf_text(buf) ~= before
      end, 50)
      if check(changed, ('the quick fix "%s" did not change the buffer'):format(action.title or '?')) then
        local after = buf_text(buf)
        log(('quick fix "%s" applied'):format(action.title or '?'))
        if spelled then
          -- The fix spells the acronym out where it was flagged ...
          local fixed_line = vim.api.nvim_buf_get_lines(buf, target.range.start.line, target.range.start.line + 1, false)[1] or ''
          check(
            plain_find(squash(fixed_line), squash(spelled)),
            ('after "%s" line %d should read "%s"; it reads: %s'):format(action.title, target.range.start.line + 1, spelled, fixed_line)
          )
          -- ... and, when it was never spelled out, nowhere else.
          if target.code == 'never-spelled-out' then
            check(
              count_plain(squash(after), squash(spelled)) == spelled_before + 1,
              ('after "%s" the draft should spell out "%s" exactly once more; it reads:\n%s'):format(action.title, spelled, after)
            )
          end
        end
        -- The server re-checks the edited draft: the fixed finding must be gone.
        local rechecked = vim.wait(TIMEOUT, function()
          return publish_count > publishes
        end, 50)
        vim.wait(500) -- a debounced second publish may follow the first
        if check(rechecked, 'no diagnostics published after the quick fix') then
          local now = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
          for _, diag in ipairs(published[uri] or {}) do
            if diag.code == target.code and range_text(now, diag.range, enc) == target_short then
              fail(('%s on %s is still reported after the fix: %s'):format(target.code, target_short, vim.inspect(diag)))
              break
            end
          end
        end
      end
    end
  end

  -- :AccordCite on the hovered acronym adds a citation naming a commentary's author.
  local catalog = vim.json and vim.json.decode(read_file(REPO .. '/corpus/catalog.json') or '[]')
    or vim.fn.json_decode(read_file(REPO .. '/corpus/catalog.json') or '[]')
  local families = {}
  for _, item in ipairs(catalog.items or catalog) do
    for _, author in ipairs(item.author or {}) do
      if author.family then
        table.insert(families, author.family)
      end
    end
  end
  -- The author may land in the draft (a footnote) or in references.bib (pandoc, LaTeX): count
  -- over every loaded buffer.
  local function all_text()
    local parts = {}
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) then
        table.insert(parts, buf_text(b))
      end
    end
    return table.concat(parts, '\n')
  end
  cursor_on(buf, a.short)
  local before_cite, before_all = buf_text(buf), all_text()
  vim.cmd('AccordCite')
  local cited = vim.wait(TIMEOUT, function()
    return buf_text(buf) ~= before_cite
  end, 50)
  if check(cited, ':AccordCite did not change the buffer') then
    vim.wait(200)
    local after = all_text()
    local named = false
    for _, fam in ipairs(families) do
      if count_plain(after, fam) > count_plain(before_all, fam) then
        named = true
      end
    end
    check(named, ':AccordCite added no author from corpus/catalog.json:\n' .. buf_text(buf))
  end

  -- :AccordTable inserts a table listing the acronyms with their long forms.
  local before_table = buf_text(buf)
  vim.cmd('AccordTable')
  local tabled = vim.wait(TIMEOUT, function()
    return buf_text(buf) ~= before_table
  end, 50)
  if check(tabled, ':AccordTable did not change the buffer') then
    local after = buf_text(buf)
    for _, acr in ipairs(used) do
      check(
        count_plain(after, acr.short) > count_plain(before_table, acr.short)
          and count_plain(squash(after), squash(acr.long)) > count_plain(squash(before_table), squash(acr.long)),
        (':AccordTable did not list %s (%s):\n%s'):format(acr.short, acr.long, after)
      )
    end
  end
end

local function shutdown()
  local ids = {}
  for _, c in ipairs(vim.lsp.get_active_clients and vim.lsp.get_active_clients() or vim.lsp.get_clients()) do
    table.insert(ids, c.id)
    client_call(c, 'stop')
  end
  local stopped = vim.wait(20000, function()
    for _, id in ipairs(ids) do
      if exit_codes[id] == nil then
        return false
      end
    end
    return true
  end, 50)
  check(stopped, 'accord-ls did not exit after shutdown/exit')
  for id, st in pairs(exit_codes) do
    check(st.code == 0 and (st.signal == 0 or st.signal == nil), ('accord-ls (client %d) exited with code %s, signal %s'):format(id, tostring(st.code), tostring(st.signal)))
  end
end

local function tail(path, max)
  local s = read_file(path)
  if s == nil then
    return '(missing)'
  end
  if #s > max then
    s = '…' .. s:sub(-max)
  end
  return s
end

return function()
  vim.fn.mkdir(WORK, 'p')
  vim.lsp.set_log_level('debug')
  log('accord-ls: ' .. LS)
  local v = vim.version()
  log(('neovim: %d.%d.%d'):format(v.major, v.minor, v.patch))
  if vim.fn.executable(LS) == 0 then
    fail(LS .. ' is not executable (set ACCORD_LS)')
  else
    local drafts = {}
    local list = getenv('ACCORD_NVIM_DRAFTS', nil)
    if list then
      drafts = vim.split(list, ':', true)
    else
      drafts = { REPO .. '/tests/clients/fixtures/brief.md' }
      for _, name in ipairs({ 'gsomia-brief.md', 'trilateral-memo.txt', 'normalization-note.tex' }) do
        local example = REPO .. '/examples/' .. name
        if uv.fs_stat(example) then
          table.insert(drafts, example)
        end
      end
    end
    for i, draft in ipairs(drafts) do
      local ok, result = xpcall(test_draft, debug.traceback, i, draft)
      if not ok then
        fail('error in the test: ' .. tostring(result))
      elseif result == false then
        fail('the server never answered a hover; not trying the other drafts')
        break
      end
    end
    local ok, err = xpcall(shutdown, debug.traceback)
    if not ok then
      fail('error at shutdown: ' .. tostring(err))
    end
  end

  if #failures > 0 then
    local lsp_log = vim.lsp.get_log_path()
    io.stderr:write('\n==== protocol transcript (Neovim LSP log, tail): ' .. lsp_log .. '\n')
    io.stderr:write(tail(lsp_log, 30000) .. '\n')
    io.stderr:write('==== client -> server input mirrors: ' .. WORK .. '/input-mirror-*.jsonrpc\n')
    io.stderr:write(('==== %d check(s) failed; logs kept in %s\n'):format(#failures, WORK))
    for _, f in ipairs(failures) do
      io.stderr:write('  - ' .. f:gsub('\n.*', ' …') .. '\n')
    end
    vim.cmd('cquit')
  else
    log('all checks passed')
    vim.cmd('qall!')
  end
end
