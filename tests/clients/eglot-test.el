;;; eglot-test.el --- Emacs batch test: eglot drives accord-ls for hover, definition and diagnostics  -*- lexical-binding: t; -*-
;; Run: ACCORD_LS=build-test/accord-ls emacs --batch -l tests/clients/eglot-test.el  (see tests/clients/run-editors.sh)
;; Environment: ACCORD_LS (binary), ACCORD_REPO (repository root), ACCORD_TEST_DIR (scratch dir, kept on failure),
;; ACCORD_EMACS_DRAFT (default: tests/clients/fixtures/brief.md).  Exits 1 on failure and prints the
;; protocol transcript (eglot's events buffer).

(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'xref)
(require 'flymake)

(defun accord-test--env (name default)
  (let ((v (getenv name)))
    (if (or (null v) (string-empty-p v)) default v)))

(defvar accord-test-repo (file-name-as-directory
                          (expand-file-name (accord-test--env "ACCORD_REPO" default-directory))))
(defvar accord-test-ls (expand-file-name (accord-test--env "ACCORD_LS" (concat accord-test-repo "build-test/accord-ls"))))
(defvar accord-test-dir (file-name-as-directory
                         (expand-file-name (accord-test--env "ACCORD_TEST_DIR" (make-temp-file "accord-eglot" t)))))
(defvar accord-test-draft (expand-file-name (accord-test--env "ACCORD_EMACS_DRAFT"
                                                              (concat accord-test-repo "tests/clients/fixtures/brief.md"))))
(defvar accord-test-timeout (string-to-number (accord-test--env "ACCORD_TEST_TIMEOUT" "60")))
(defvar accord-test-ready-timeout (string-to-number (accord-test--env "ACCORD_READY_TIMEOUT" "180")))

;; The acronyms the corpus defines and the long forms a hover must show.
(defvar accord-test-acronyms
  '(("GSOMIA" . "General Security of Military Information Agreement")
    ("PSI" . "Proliferation Security Initiative")
    ("TCOG" . "Trilateral Coordination and Oversight Group")
    ("HADR" . "humanitarian assistance and disaster relief")
    ("FTA" . "free trade agreement")))

(defvar accord-test-failures nil)

(defun accord-test--log (fmt &rest args)
  (princ (concat "[eglot-test] " (apply #'format fmt args) "\n") #'external-debugging-output))

(defun accord-test--fail (fmt &rest args)
  (let ((msg (apply #'format fmt args)))
    (push msg accord-test-failures)
    (accord-test--log "FAIL: %s" msg)))

(defun accord-test--squash (s)
  (downcase (replace-regexp-in-string "[ \t\n\r]+" " " s)))

(defun accord-test--wait (pred &optional seconds)
  "Let process output arrive until PRED is non-nil or SECONDS pass; return PRED's value."
  (let ((deadline (+ (float-time) (or seconds accord-test-timeout)))
        (v nil))
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun accord-test--goto-word (word)
  "Move point to the first whole-word occurrence of WORD; non-nil when found."
  (goto-char (point-min))
  (let ((case-fold-search nil))
    (when (re-search-forward (concat "\\_<" (regexp-quote word) "\\_>") nil t)
      (goto-char (match-beginning 0))
      t)))

(defun accord-test--count (needle haystack)
  (let ((n 0) (start 0))
    (while (setq start (string-search needle haystack start))
      (setq n (1+ n) start (+ start (length needle))))
    n))

(defun accord-test--catalog-families ()
  "Family names of the authors in corpus/catalog.json (CSL-JSON)."
  (let* ((json (with-temp-buffer
                 (insert-file-contents (concat accord-test-repo "corpus/catalog.json"))
                 (json-parse-buffer :object-type 'alist :array-type 'list)))
         (items (if (and (consp json) (assq 'items json)) (alist-get 'items json) json))
         (out nil))
    (dolist (item items out)
      (dolist (author (alist-get 'author item))
        (when-let ((family (alist-get 'family author)))
          (push family out))))))

(defun accord-test--transcript (server)
  (let ((buf (and server (ignore-errors (jsonrpc-events-buffer server)))))
    (when (buffer-live-p buf)
      (with-current-buffer buf
        (let ((text (buffer-substring-no-properties (point-min) (point-max))))
          (when (> (length text) 30000)
            (setq text (concat "…" (substring text (- (length text) 30000)))))
          (with-temp-file (concat accord-test-dir "eglot-events.log") (insert text))
          text)))))

;; The recipe under test is the one README.md gives ("### Emacs (eglot)"): evaluate it as written,
;; then point its server entry at the binary under test with a log and an input mirror.
(defun accord-test--readme-recipe ()
  (with-temp-buffer
    (insert-file-contents (concat accord-test-repo "README.md"))
    (goto-char (point-min))
    (unless (and (search-forward "### Emacs (eglot)" nil t)
                 (re-search-forward "^```elisp\n" nil t))
      (error "README.md has no elisp block under \"### Emacs (eglot)\""))
    (let ((beg (point)))
      (re-search-forward "^```" nil)
      (buffer-substring-no-properties beg (match-beginning 0)))))

(with-temp-buffer
  (insert (accord-test--readme-recipe))
  (eval-buffer nil nil nil nil t))
;; What an interactive start does after init.el and batch mode does not: activate the installed
;; packages (Debian's elpa-markdown-mode), so that a .md file opens in markdown-mode.
(package-activate-all)
(let ((entry (cl-find-if (lambda (e) (and (consp (car e)) (assq 'text-mode (cl-remove-if-not #'consp (car e)))))
                         eglot-server-programs)))
  (unless entry (error "the README recipe added no eglot-server-programs entry for text-mode"))
  (setcdr entry (list accord-test-ls "--log=verbose" "--input-mirror"
                      (concat accord-test-dir "input-mirror.jsonrpc"))))
(setq eglot-sync-connect t
      eglot-connect-timeout accord-test-timeout
      eglot-autoshutdown nil
      eglot-confirm-server-initiated-edits nil   ; batch mode cannot answer "Proceed? (y or n)"
      eglot-events-buffer-size 4000000)

(cl-defun accord-test--run ()
  (make-directory (concat accord-test-dir "draft/.accord") t)
  (let* ((draft (concat accord-test-dir "draft/" (file-name-nondirectory accord-test-draft)))
         (server nil))
    (copy-file accord-test-draft draft t)
    (accord-test--log "emacs %s, %s, accord-ls %s" emacs-version (locate-library "eglot") accord-test-ls)
    ;; As a user would: open the draft, its mode comes from auto-mode-alist, the README's hook
    ;; calls eglot-ensure, which connects once the command loop finishes the command (batch
    ;; mode has no command loop: run its post-command-hook by hand).
    (find-file draft)
    (when (and (string-suffix-p ".md" draft) (not (derived-mode-p 'markdown-mode)))
      (accord-test--fail "%s opened in %s, not markdown-mode (is elpa-markdown-mode installed?)"
                         draft major-mode))
    (run-hooks 'post-command-hook)
    (setq server (accord-test--wait (lambda () (and (eglot-managed-p) (eglot-current-server)))))
    (unless server
      (accord-test--fail "eglot did not connect to accord-ls")
      (cl-return-from accord-test--run nil))
    (let* ((text (buffer-substring-no-properties (point-min) (point-max)))
           (used (cl-remove-if-not #'accord-test--goto-word (mapcar #'car accord-test-acronyms)))
           (undefined (cl-remove-if (lambda (s) (string-search (accord-test--squash (cdr (assoc s accord-test-acronyms)))
                                                                (accord-test--squash text)))
                                    used)))
      (unless used
        (accord-test--fail "the draft uses none of the known acronyms")
        (cl-return-from accord-test--run server))

      ;; Hover, as eglot's eldoc path formats it.
      (let* ((short (car used))
             (long (cdr (assoc short accord-test-acronyms))))
        (accord-test--goto-word short)
        (condition-case err
            ;; The server answers null until it has indexed the corpus: the first real hover is
            ;; also the sign that it is ready.
            (let* ((t0 (float-time))
                   (hover (accord-test--wait
                           (lambda ()
                             (or (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))
                                 (progn (sleep-for 0.25) nil)))
                           accord-test-ready-timeout))
                   (info (and hover (eglot--hover-info (plist-get hover :contents) (plist-get hover :range)))))
              (accord-test--log "first hover answered after %.1f s" (- (float-time) t0))
              (unless hover
                (accord-test--fail "hover on %s: null (the server never became ready)" short)
                (cl-return-from accord-test--run server))
              (cond ((null info) (accord-test--fail "hover on %s returned nothing" short))
                    ((not (string-search (accord-test--squash long) (accord-test--squash info)))
                     (accord-test--fail "hover on %s lacks \"%s\"; got:\n%s" short long info))
                    (t (accord-test--log "hover on %s ok" short))))
          (error (accord-test--fail "hover on %s: %S" short err))))

      ;; Definition through xref: lands in corpus/*.txt on a line that defines the acronym.
      (let ((short (car undefined)))
        (if (null short)
            (accord-test--log "every acronym is defined in the draft; no commentary definition to check")
          (accord-test--goto-word short)
          (condition-case err
              (let* ((xrefs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
                     (loc (and xrefs (xref-item-location (car xrefs))))
                     (file (and loc (xref-location-group loc)))
                     (line (and loc (xref-location-line loc))))
                (cond
                 ((null loc) (accord-test--fail "no definition for %s" short))
                 ((not (string-match-p "/corpus/[^/]+\\.txt\\'" file))
                  (accord-test--fail "definition of %s is not in corpus/*.txt: %s" short file))
                 (t
                  (let ((line-text (with-temp-buffer
                                     (insert-file-contents file)
                                     (goto-char (point-min))
                                     (forward-line (1- line))
                                     (buffer-substring-no-properties (point) (line-end-position))))
                        (long (cdr (assoc short accord-test-acronyms))))
                    (if (or (string-search short line-text)
                            (string-search (substring (accord-test--squash long) 0 12) (accord-test--squash line-text)))
                        (accord-test--log "definition of %s: %s:%d" short (file-name-nondirectory file) line)
                      (accord-test--fail "definition of %s: line %d of %s does not define it: %s"
                                         short line file line-text)))
                  ;; The user's path: M-. opens the commentary at that line.
                  (let ((draft-buffer (current-buffer)))
                    (xref-find-definitions (xref-backend-identifier-at-point 'eglot))
                    (unless (and (equal (buffer-file-name) (expand-file-name file))
                                 (= (line-number-at-pos) line))
                      (accord-test--fail "xref-find-definitions landed in %s line %d, expected %s line %d"
                                         (buffer-file-name) (line-number-at-pos) file line))
                    (switch-to-buffer draft-buffer)))))
            (error (accord-test--fail "definition of %s: %S" short err)))))

      ;; The README's commands: accord-cite on the hovered acronym, then accord-table. The server
      ;; answers with workspace/applyEdit, which eglot applies to the buffer.
      (let ((families (accord-test--catalog-families)))
        (dolist (cmd '(accord-cite accord-table))
          (let ((before (buffer-substring-no-properties (point-min) (point-max))))
            (accord-test--goto-word (car used))
            (condition-case err
                (progn
                  (funcall cmd)
                  (if (not (accord-test--wait (lambda () (not (equal before (buffer-substring-no-properties
                                                                              (point-min) (point-max)))))))
                      (accord-test--fail "%s did not change the buffer" cmd)
                    (let ((after (buffer-substring-no-properties (point-min) (point-max))))
                      (if (eq cmd 'accord-cite)
                          (unless (cl-some (lambda (f) (> (accord-test--count f after) (accord-test--count f before)))
                                           families)
                            (accord-test--fail "accord-cite added no author from corpus/catalog.json:\n%s" after))
                        (dolist (short used)
                          (unless (> (accord-test--count short after) (accord-test--count short before))
                            (accord-test--fail "accord-table did not list %s:\n%s" short after))))
                      (accord-test--log "%s changed the draft" cmd))))
              (error (accord-test--fail "%s: %S" cmd err))))))

      ;; Diagnostics through flymake, from source "accord".
      (let ((diags (accord-test--wait (lambda () (flymake-diagnostics)))))
        (if (null diags)
            (accord-test--fail "no flymake diagnostics from accord-ls")
          (if (cl-some (lambda (d) (string-match-p "\\`accord\\b" (flymake-diagnostic-text d))) diags)
              (accord-test--log "%d diagnostic(s), first: %s" (length diags)
                                (flymake-diagnostic-text (car diags)))
            (accord-test--fail "no diagnostic from source \"accord\": %S"
                               (mapcar #'flymake-diagnostic-text diags))))))
    server))

(let ((server nil) (status nil))
  (condition-case err
      (setq server (accord-test--run))
    (error (accord-test--fail "error in the test: %S" err)))
  (when server
    (let ((proc (jsonrpc--process server)))
      ;; shutdown and exit by hand: eglot-shutdown kills the process at once, and the test wants
      ;; the server's own exit status (a sanitizer report at exit makes it non-zero).
      (condition-case err
          (progn
            (setf (eglot--shutdown-requested server) t)
            (jsonrpc-request server :shutdown nil :timeout 30)
            (jsonrpc-notify server :exit nil))
        (error (accord-test--fail "shutdown failed: %S" err)))
      (accord-test--wait (lambda () (not (process-live-p proc))) 20)
      (accord-test--transcript server)
      (setq status (process-exit-status proc))
      (unless (and (not (process-live-p proc)) (eq status 0) (eq (process-status proc) 'exit))
        (accord-test--fail "accord-ls ended with status %s (%s)" status (process-status proc)))
      (when (process-live-p proc) (delete-process proc))))
  (if (null accord-test-failures)
      (progn (accord-test--log "all checks passed") (kill-emacs 0))
    (princ (format "\n==== protocol transcript (eglot events buffer, tail; kept in %s):\n%s\n"
                   accord-test-dir (or (accord-test--transcript server) "(none)"))
           #'external-debugging-output)
    (princ (format "==== client -> server input mirror: %sinput-mirror.jsonrpc\n==== %d check(s) failed:\n%s\n"
                   accord-test-dir (length accord-test-failures)
                   (mapconcat (lambda (f) (concat "  - " (car (split-string f "\n")))) (reverse accord-test-failures) "\n"))
           #'external-debugging-output)
    (kill-emacs 1)))

;;; eglot-test.el ends here
