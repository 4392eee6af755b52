package demo

type widgetArgs struct {
	Bucket    string           `pulumi:"bucket"`
	Mode      *string          `pulumi:"mode"`
	Retention *WidgetRetention `pulumi:"retention"`
}
