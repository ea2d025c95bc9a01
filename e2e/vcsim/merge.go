package main

import "reflect"

// mergeSpec copies every non-zero field of src into dst (both pointers to the
// same struct type). This emulates vSphere's "unset means unchanged" semantics
// of incremental config specs (ClusterDasConfigInfo, DVPortSetting ...):
// nested structs (also behind pointers or interfaces of the same dynamic type)
// are merged recursively, everything else (scalars, pointers to scalars,
// slices) is replaced when set.
func mergeSpec(dst, src any) {
	mergeValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem())
}

// mergeByName merges the fields of a spec struct (e.g. VMwareDVSConfigSpec)
// into the fields with the same name and type of an info struct (e.g.
// VMwareDVSConfigInfo). Embedded structs are flattened on both sides.
func mergeByName(dst, src any) {
	mergeNamed(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem())
}

func mergeNamed(dst, src reflect.Value) {
	t := src.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			mergeNamed(dst, src.Field(i))
			continue
		}
		d := dst.FieldByName(f.Name)
		if !d.IsValid() || !d.CanSet() || d.Type() != f.Type {
			continue
		}
		mergeValue(d, src.Field(i))
	}
}

func mergeValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if dst.Field(i).CanSet() {
				mergeValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		if src.Elem().Kind() == reflect.Struct && !dst.IsNil() {
			mergeValue(dst.Elem(), src.Elem())
			return
		}
		dst.Set(src)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		s, d := src.Elem(), dst.Elem()
		if d.IsValid() && d.Type() == s.Type() && s.Kind() == reflect.Pointer && !d.IsNil() && s.Elem().Kind() == reflect.Struct {
			mergeValue(d.Elem(), s.Elem())
			return
		}
		dst.Set(src)
	default:
		if !src.IsZero() {
			dst.Set(src)
		}
	}
}

// fillMissing sets every nil pointer/interface/slice field of dst from src,
// recursing into structs present on both sides. It emulates policy
// inheritance (e.g. a port group inheriting the switch's uplink order).
func fillMissing(dst, src any) {
	fillValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem())
}

func fillValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if dst.Field(i).CanSet() {
				fillValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Pointer, reflect.Interface, reflect.Slice:
		if src.IsNil() {
			return
		}
		if dst.IsNil() {
			dst.Set(src)
			return
		}
		s, d := src, dst
		if src.Kind() == reflect.Interface {
			s, d = src.Elem(), dst.Elem()
			if s.Type() != d.Type() {
				return
			}
		}
		if s.Kind() == reflect.Pointer && s.Elem().Kind() == reflect.Struct {
			fillValue(d.Elem(), s.Elem())
		}
	}
}
