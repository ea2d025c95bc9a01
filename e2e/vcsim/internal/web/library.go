package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Content library update sessions fed from a URL ("PULL").
//
// The provider creates an OVF library item from file_url like this:
// create session, add the .ovf as a PULL file, poll the session until its
// state leaves ACTIVE, and only then (deferred) complete the session.
// vCenter finishes a session whose files are all pulled on its own; vcsim
// only leaves ACTIVE on an explicit "complete", so the provider would poll
// forever. LibraryFilter emulates vCenter: when a session that received
// PULL files is polled and every transfer has finished (READY or ERROR), it
// completes the session before answering. Sessions with PUSH uploads are
// left alone (the client completes those itself).

const (
	updateSessionPath     = "/rest/com/vmware/content/library/item/update-session/"
	updateSessionFilePath = "/rest/com/vmware/content/library/item/updatesession/file"
)

type pullTracker struct {
	mu       sync.Mutex
	sessions map[string]bool // update session id -> has only PULL files so far
}

func LibraryFilter(next http.Handler) http.Handler {
	t := &pullTracker{sessions: map[string]bool{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, updateSessionFilePath+"/id:") &&
			r.URL.Query().Get("~action") == "add":
			t.noteAdd(r)
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, updateSessionPath+"id:"):
			t.maybeComplete(next, r, strings.TrimPrefix(r.URL.Path, updateSessionPath+"id:"))
		}
		next.ServeHTTP(w, r)
	})
}

// noteAdd records whether the session gets a PULL or a PUSH file.
func (t *pullTracker) noteAdd(r *http.Request) {
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return
	}
	var spec struct {
		File struct {
			SourceType string `json:"source_type"`
		} `json:"file_spec"`
	}
	if json.Unmarshal(body, &spec) != nil {
		return
	}
	id := strings.TrimPrefix(r.URL.Path, updateSessionFilePath+"/id:")
	t.mu.Lock()
	defer t.mu.Unlock()
	pull, seen := t.sessions[id]
	t.sessions[id] = spec.File.SourceType == "PULL" && (pull || !seen)
}

// maybeComplete completes session id if it only has PULL files and all of
// them finished transferring.
func (t *pullTracker) maybeComplete(next http.Handler, r *http.Request, id string) {
	t.mu.Lock()
	pull := t.sessions[id]
	t.mu.Unlock()
	if !pull {
		return
	}
	var session struct {
		State string `json:"state"`
	}
	if !subRequest(next, r, http.MethodGet, updateSessionPath+"id:"+id, nil, &session) || session.State != "ACTIVE" {
		return
	}
	var files []struct {
		Status string `json:"status"`
	}
	q := url.Values{"update_session_id": {id}}
	if !subRequest(next, r, http.MethodGet, updateSessionFilePath, q, &files) || len(files) == 0 {
		return
	}
	for _, f := range files {
		if f.Status != "READY" && f.Status != "ERROR" {
			return
		}
	}
	if !subRequest(next, r, http.MethodPost, updateSessionPath+"id:"+id, url.Values{"~action": {"complete"}}, nil) {
		return
	}
	t.mu.Lock()
	delete(t.sessions, id)
	t.mu.Unlock()
	// vcsim switches the state asynchronously; give it a moment so that the
	// poll we are answering already sees the final state.
	for i := 0; i < 50; i++ {
		if subRequest(next, r, http.MethodGet, updateSessionPath+"id:"+id, nil, &session) && session.State != "ACTIVE" {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// subRequest sends an internal REST request with the credentials of orig to
// next and decodes the {"value": ...} response into out.
func subRequest(next http.Handler, orig *http.Request, method, path string, query url.Values, out any) bool {
	u := url.URL{Path: path, RawQuery: query.Encode()}
	req := httptest.NewRequest(method, u.String(), http.NoBody)
	req = req.WithContext(orig.Context())
	req.Header = orig.Header.Clone() // session header or cookie
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return false
	}
	if out == nil {
		return true
	}
	var res struct {
		Value json.RawMessage `json:"value"`
	}
	if json.Unmarshal(rec.Body.Bytes(), &res) != nil {
		return false
	}
	return json.Unmarshal(res.Value, out) == nil
}
