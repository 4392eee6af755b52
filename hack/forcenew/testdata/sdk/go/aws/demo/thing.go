package demo

type thingArgs struct {
	Description *string           `pulumi:"description"`
	Filter      *ThingFilter      `pulumi:"filter"`
	Name        *string           `pulumi:"name"`
	OwnerEmail  *string           `pulumi:"ownerEmail"`
	Rules       []ThingRule       `pulumi:"rules"`
	Shared      map[string]string `pulumi:"shared"`
}
