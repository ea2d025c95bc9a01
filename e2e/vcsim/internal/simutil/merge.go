package simutil

import (
	"reflect"
	"strings"
)

// MergeSpec copies every non-zero field of src into dst (both pointers to the
// same struct type). This emulates vSphere's "unset means unchanged" semantics
// of incremental config specs (ClusterDasConfigInfo, DVPortSetting ...):
// nested structs (also behind pointers or interfaces of the same dynamic type)
// are merged recursively, everything else (scalars, pointers to scalars,
// slices) is replaced when set.
func MergeSpec(dst, src any) {
	mergeValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem())
}

// MergeByName merges the fields of a spec struct (e.g. VMwareDVSConfigSpec)
// into the fields with the same name and type of an info struct (e.g.
// VMwareDVSConfigInfo). Embedded structs are flattened on both sides.
func MergeByName(dst, src any) {
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
		t := src.Type()
		for i := 0; i < src.NumField(); i++ {
			if !dst.Field(i).CanSet() {
				continue
			}
			// A required (non-omitempty) scalar of a struct that is present
			// in the spec is always on the wire, so its zero value is an
			// explicit value, not "unset": e.g. InheritablePolicy.Inherited =
			// false or VlanIdSpec.VlanId = 0 must overwrite the old value.
			if isScalar(src.Field(i).Kind()) && requiredXML(t.Field(i)) {
				dst.Field(i).Set(src.Field(i))
				continue
			}
			mergeValue(dst.Field(i), src.Field(i))
		}
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		// Leaf policies (BoolPolicy, LongPolicy, StringPolicy ...) are set as
		// a whole: {inherited: false, value: false/0} replaces an earlier
		// non-zero value even where value is omitempty on the wire.
		if isLeafPolicy(src.Elem()) {
			dst.Set(src)
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

// FillMissing sets every nil pointer/interface/slice field of dst from src,
// recursing into structs present on both sides. It emulates policy
// inheritance (e.g. a port group inheriting the switch's uplink order).
func FillMissing(dst, src any) {
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

func isScalar(k reflect.Kind) bool {
	switch k {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// requiredXML reports whether a vim25 struct field is always encoded (its xml
// tag has no omitempty).
func requiredXML(f reflect.StructField) bool {
	tag := f.Tag.Get("xml")
	return tag != "" && tag != "-" && !strings.Contains(tag, ",omitempty")
}

// isLeafPolicy reports whether v is a struct like BoolPolicy: an embedded
// InheritablePolicy plus a Value field.
func isLeafPolicy(v reflect.Value) bool {
	if v.Kind() != reflect.Struct {
		return false
	}
	f, ok := v.Type().FieldByName("InheritablePolicy")
	if !ok || !f.Anonymous {
		return false
	}
	_, ok = v.Type().FieldByName("Value")
	return ok
}
