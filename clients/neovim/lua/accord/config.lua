-- The default client configuration for accord-ls, shared by setup{}, lsp/accord.lua and the lspconfig entry.
local M = {}

--- Neovim filetypes the server is started for.
M.filetypes = { 'markdown', 'text', 'tex', 'plaintex' }

--- Files or directories that mark the root of a workspace of drafts (searched upward).
M.root_markers = { '.accord', '.git' }

--- The server expects LSP language ids; Neovim's default would send the filetype itself.
local language_ids = { markdown = 'markdown', text = 'plaintext', tex = 'latex', plaintex = 'latex' }

function M.get_language_id(_, filetype)
  return language_ids[filetype] or 'plaintext'
end

--- A fresh copy of the defaults (callers may modify it).
function M.defaults()
  return {
    name = 'accord',
    cmd = { 'accord-ls' },
    filetypes = vim.deepcopy(M.filetypes),
    root_markers = vim.deepcopy(M.root_markers),
    get_language_id = M.get_language_id,
    -- Section "accord" of the server's settings; see :help accord-settings.
    settings = { accord = vim.empty_dict() },
  }
end

--- Settings may be given as the "accord" section itself or wrapped in { accord = ... }.
function M.normalize_settings(settings)
  if settings == nil then
    return { accord = vim.empty_dict() }
  end
  if settings.accord ~= nil then
    return settings
  end
  if next(settings) == nil then
    return { accord = vim.empty_dict() }
  end
  return { accord = settings }
end

--- initializationOptions: the "accord" section itself (the server also reads it from
--- workspace/configuration and workspace/didChangeConfiguration).
function M.init_options(settings)
  return settings.accord
end

return M
