package web

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// TagCategoryFilter adjusts REST (vAPI) requests before the vcsim handlers see them.
//
// Tag categories: the provider sends associable types as
// "urn:vim25:VirtualMachine"; vCenter stores and returns "VirtualMachine".
func TagCategoryFilter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && strings.Contains(r.URL.Path, "tagging/category") &&
			(r.Method == http.MethodPost || r.Method == http.MethodPatch || r.Method == http.MethodPut) {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			body = bytes.ReplaceAll(body, []byte("urn:vim25:"), nil)
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		next.ServeHTTP(w, r)
	})
}
