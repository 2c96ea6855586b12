-- The Accord plugin: starts accord-ls for markdown, text and tex buffers and adds :AccordTable and :AccordCite.
-- Works from Neovim 0.7 (vim.lsp.start_client + FileType autocmd) up to versions with vim.lsp.config/enable.
local defaults = require('accord.config')

local M = {}

--- The configuration setup{} resolved; nil until setup{} runs.
M.config = nil

--- Root directory -> client id, for the 0.7-0.10 path (one client per root, reused across buffers).
local clients_by_root = {}

local function notify(msg, level)
  vim.notify('accord: ' .. msg, level or vim.log.levels.INFO)
end

local function has(feature)
  return vim.fn.has(feature) == 1
end

--- vim.lsp.config/enable (0.11+) manage clients, roots and reuse themselves.
local function native_enable_available()
  return has('nvim-0.11') and type(vim.lsp.config) ~= 'nil' and type(vim.lsp.enable) == 'function'
end

--- Calls a client method; 0.11 turned client.request(...) into client:request(...).
local function client_request(client, method, params, handler, bufnr)
  if has('nvim-0.11') then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function client_stopped(client)
  if has('nvim-0.11') then
    return client:is_stopped()
  end
  return client.is_stopped()
end

--- The running accord client attached to bufnr, if any.
function M.get_client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local list
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = bufnr, name = 'accord' })
  else
    list = {}
    for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if client.name == 'accord' then
        table.insert(list, client)
      end
    end
  end
  for _, client in ipairs(list) do
    if not client_stopped(client) then
      return client
    end
  end
  return nil
end

--- Walks up from the buffer's directory to the first directory holding a root marker;
--- a lone draft outside any project gets its own directory as root.
function M.find_root(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = vim.fn.fnamemodify(name, ':p:h')
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

--- Buffers worth a server: a real file (not help, terminal, quickfix or a plugin's scheme://).
local function attachable(bufnr)
  if vim.bo[bufnr].buftype ~= '' then
    return false
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  return name ~= '' and not name:match('^%a[%w+.-]*://')
end

local warned_missing = false

--- Starts (or reuses) the client for the buffer's root and attaches the buffer.
function M.attach(bufnr)
  local cfg = M.config
  if cfg == nil or not attachable(bufnr) then
    return nil
  end
  local root = M.find_root(bufnr, cfg.root_markers)
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil or client_stopped(client) then
    if type(cfg.cmd) == 'table' and vim.fn.executable(cfg.cmd[1]) == 0 then
      if not warned_missing then
        warned_missing = true
        notify(
          ('%s is not executable; build it (scripts/run) and pass its path: '
            .. "require('accord').setup{ cmd = { '/path/to/accord-ls' } }"):format(cfg.cmd[1]),
          vim.log.levels.ERROR
        )
      end
      return nil
    end
    local start_cfg = vim.deepcopy(cfg)
    start_cfg.root_markers = nil
    start_cfg.filetypes = nil
    start_cfg.root_dir = root
    start_cfg.cmd_cwd = root
    start_cfg.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    local user_on_exit = cfg.on_exit
    start_cfg.on_exit = function(code, signal, client_id)
      if clients_by_root[root] == client_id then
        clients_by_root[root] = nil
      end
      if user_on_exit then
        user_on_exit(code, signal, client_id)
      end
    end
    local ok, result = pcall(vim.lsp.start_client, start_cfg)
    if not ok or result == nil then
      notify('could not start ' .. vim.inspect(cfg.cmd) .. ': ' .. tostring(result), vim.log.levels.ERROR)
      return nil
    end
    id = result
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Runs workspace/executeCommand on the buffer's accord client; the server answers with a
--- workspace/applyEdit that Neovim's default handler applies. callback(err, result) is optional.
function M.execute(command, argument, bufnr, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.get_client(bufnr)
  if client == nil then
    notify('no accord-ls attached to this buffer', vim.log.levels.WARN)
    if callback then
      callback({ message = 'no accord-ls attached' }, nil)
    end
    return false
  end
  local params = { command = command, arguments = { argument } }
  client_request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      notify(command .. ': ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if callback then
      callback(err, result)
    end
  end, bufnr)
  return true
end

--- :AccordTable: inserts the table of abbreviations the draft uses.
function M.insert_abbreviation_table(bufnr, callback)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return M.execute('accord.insertAbbreviationTable', { uri = vim.uri_from_bufnr(bufnr) }, bufnr, callback)
end

--- :AccordCite [termId]: cites the commentary behind the term under the cursor (or termId).
function M.cite_commentary(term_id, callback)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.get_client(bufnr)
  if client == nil then
    return M.execute('accord.citeCommentary', nil, bufnr, callback)
  end
  local position = vim.lsp.util.make_position_params(0, client.offset_encoding or 'utf-16').position
  local argument = { uri = vim.uri_from_bufnr(bufnr), position = position }
  if term_id ~= nil and term_id ~= '' then
    argument.termId = term_id
  end
  return M.execute('accord.citeCommentary', argument, bufnr, callback)
end

--- :AccordRestart: stops the accord clients and attaches every matching buffer again.
function M.restart()
  local ids = {}
  for root, id in pairs(clients_by_root) do
    table.insert(ids, id)
    clients_by_root[root] = nil
  end
  if native_enable_available() then
    for _, client in ipairs(vim.lsp.get_clients({ name = 'accord' })) do
      table.insert(ids, client.id)
    end
  end
  for _, id in ipairs(ids) do
    local client = vim.lsp.get_client_by_id(id)
    if client then
      if has('nvim-0.11') then
        client:stop()
      else
        client.stop()
      end
    end
  end
  vim.defer_fn(function()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        if native_enable_available() then
          vim.api.nvim_exec_autocmds('FileType', { buffer = bufnr, modeline = false })
        else
          M.attach(bufnr)
        end
      end
    end
  end, 500)
end

local function create_commands()
  vim.api.nvim_create_user_command('AccordTable', function()
    M.insert_abbreviation_table(0)
  end, { desc = 'Accord: insert a table of abbreviations' })
  vim.api.nvim_create_user_command('AccordCite', function(opts)
    M.cite_commentary(opts.args)
  end, { nargs = '?', desc = 'Accord: cite the commentary for the term under the cursor (or the given term id)' })
  vim.api.nvim_create_user_command('AccordRestart', function()
    M.restart()
  end, { desc = 'Accord: restart accord-ls' })
end

--- Builds the client configuration from the defaults and the user's options.
function M.resolve(opts)
  opts = opts or {}
  local cfg = defaults.defaults()
  for key, value in pairs(opts) do
    if key ~= 'settings' then
      cfg[key] = value
    end
  end
  cfg.settings = defaults.normalize_settings(opts.settings)
  if opts.init_options == nil then
    cfg.init_options = defaults.init_options(cfg.settings)
  end
  -- <C-x><C-o> completes acronyms and citation keys: before 0.11 nothing sets 'omnifunc' for an
  -- LSP buffer, so a text buffer answers "Pattern not found" and a markdown one completes HTML
  -- tags (its ftplugin's htmlcomplete). The user's on_attach runs after, and may change it.
  local user_on_attach = opts.on_attach
  cfg.on_attach = function(client, bufnr)
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
    if user_on_attach then
      user_on_attach(client, bufnr)
    end
  end
  return cfg
end

--- setup{ cmd, filetypes, settings, on_attach, root_markers, ... }: any other key is passed to the
--- LSP client as is (capabilities, handlers, init_options, flags, ...).
function M.setup(opts)
  M.config = M.resolve(opts)
  create_commands()

  if native_enable_available() then
    local cfg = vim.deepcopy(M.config)
    cfg.name = nil
    vim.lsp.config('accord', cfg)
    vim.lsp.enable('accord')
    return
  end

  local group = vim.api.nvim_create_augroup('accord', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = 'accord: start accord-ls for drafts',
  })
  -- Buffers opened before setup{} ran have had their FileType event already.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr)
    end
  end
end

return M
