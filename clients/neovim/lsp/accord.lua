-- vim.lsp.config entry for accord-ls (Neovim 0.11+): `vim.lsp.enable('accord')` with this plugin on 'runtimepath'.
local defaults = require('accord.config')
local cfg = defaults.defaults()
return {
  cmd = cfg.cmd,
  filetypes = cfg.filetypes,
  root_markers = cfg.root_markers,
  get_language_id = cfg.get_language_id,
  settings = cfg.settings,
  init_options = defaults.init_options(cfg.settings),
}
