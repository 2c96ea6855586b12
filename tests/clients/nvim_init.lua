-- The -u file for the headless Neovim test: puts clients/neovim on 'runtimepath', turns on filetype detection,
-- and runs tests/clients/nvim_test.lua once Neovim has started (it exits with :cquit on failure).
local repo = os.getenv('ACCORD_REPO') or vim.loop.cwd()
vim.opt.runtimepath:prepend(repo .. '/clients/neovim')
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'
vim.cmd('filetype on')

local run = dofile(repo .. '/tests/clients/nvim_test.lua')
-- Scheduled, not run inside the VimEnter autocommand: the test's :edit must fire BufRead and FileType.
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = vim.schedule_wrap(function()
    local ok, err = xpcall(run, debug.traceback)
    if not ok then
      io.stderr:write('[nvim-test] FAIL: ' .. tostring(err) .. '\n')
      vim.cmd('cquit')
    end
  end),
})
