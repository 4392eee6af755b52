package demo

type ThingRule struct {
	Id     string  `pulumi:"id"`
	Status *string `pulumi:"status"`
}

type ThingFilter struct {
	And *ThingFilter `pulumi:"and"`
}

type WidgetRetention struct {
	Days *int    `pulumi:"days"`
	Unit *string `pulumi:"unit"`
}

type Shared struct {
	Key *string `pulumi:"key"`
}
