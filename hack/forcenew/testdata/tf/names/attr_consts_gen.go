package names

const (
	AttrName   = "name"
	AttrBucket = "bucket"
)
