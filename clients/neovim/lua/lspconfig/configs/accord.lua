-- nvim-lspconfig (newer releases look configs up under lspconfig.configs): the same entry as server_configurations.
return require('lspconfig.server_configurations.accord')
