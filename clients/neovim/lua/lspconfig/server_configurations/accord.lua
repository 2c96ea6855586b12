-- nvim-lspconfig entry for accord-ls: `require('lspconfig').accord.setup{}` with this plugin on 'runtimepath'.
local util = require('lspconfig.util')
local defaults = require('accord.config')
local cfg = defaults.defaults()

return {
  default_config = {
    cmd = cfg.cmd,
    filetypes = cfg.filetypes,
    root_dir = function(fname)
      return util.root_pattern(unpack(cfg.root_markers))(fname) or vim.fn.fnamemodify(fname, ':h')
    end,
    single_file_support = true,
    get_language_id = cfg.get_language_id,
    settings = cfg.settings,
    init_options = defaults.init_options(cfg.settings),
  },
  docs = {
    description = [[
Accord: acronyms and named agreements in policy drafts (hover, go to definition into the
commentaries, drafting checks with quick fixes, citations). Build `accord-ls` with
`scripts/run` in the Accord repository and put it on PATH or pass `cmd`.
Commands: :AccordTable and :AccordCite come with `require('accord').setup{}`.
]],
    default_config = {
      root_dir = [[root_pattern('.accord', '.git') or the file's directory]],
    },
  },
}
